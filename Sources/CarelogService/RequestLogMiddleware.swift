import Foundation
import Hummingbird
import Logging

/// Logs one line per request: request id, route template, method, status and duration. Never
/// the concrete path, query, headers or body (they may hold personal data or credentials).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status, since: start)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context, status: error.status, since: start)
            throw error
        } catch {
            log(request, context, status: .internalServerError, since: start)
            throw error
        }
    }

    private func log(
        _ request: Request, _ context: Context, status: HTTPResponse.Status, since start: ContinuousClock.Instant
    ) {
        let elapsed = ContinuousClock.now - start
        let milliseconds =
            Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "route": .string(context.endpointPath ?? "unmatched"),
                "method": .string(request.method.rawValue),
                "status": .stringConvertible(Int(status.code)),
                "duration_ms": .string(((milliseconds * 1000).rounded() / 1000).description),
            ])
    }
}
