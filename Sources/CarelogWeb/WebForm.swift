/// GET forms of labelled controls (filters, dates), so a page works with JavaScript off and
/// its address can be bookmarked or shared.
package enum WebForm {
    /// One labelled control.
    package enum Field: Sendable {
        /// A text or date input: name, label, current value, input type, hint.
        case input(name: String, label: String, value: String, type: String, hint: String?)
        /// A drop-down: name, label, options (value, label; the first is "any"), current value.
        case select(name: String, label: String, options: [(String, String)], selected: String)
    }

    /// A GET form to `action` with `fields` and a submit button labelled `submit`.
    package static func filters(action: String, label: String, fields: [Field], submit: String = "Show") -> HTML {
        var out = "<form class=\"filters\" method=\"get\" action=\"\(action)\" aria-label=\"\(HTML.escape(label))\">\n"
        for field in fields {
            switch field {
            case .input(let name, let label, let value, let type, let hint):
                let id = "f-" + name
                out += "<div><label for=\"\(id)\">\(HTML.escape(label))</label>"
                var described = ""
                if let hint {
                    out += "<span class=\"hint\" id=\"\(id)-hint\">\(HTML.escape(hint))</span>"
                    described = " aria-describedby=\"\(id)-hint\""
                }
                out +=
                    "<input id=\"\(id)\" name=\"\(name)\" type=\"\(type)\" value=\"\(HTML.escape(value))\"\(described)>"
                out += "</div>\n"
            case .select(let name, let label, let options, let selected):
                let id = "f-" + name
                out += "<div><label for=\"\(id)\">\(HTML.escape(label))</label><select id=\"\(id)\" name=\"\(name)\">"
                for (value, text) in options {
                    let mark = value == selected ? " selected" : ""
                    out += "<option value=\"\(HTML.escape(value))\"\(mark)>\(HTML.escape(text))</option>"
                }
                out += "</select></div>\n"
            }
        }
        out += "<div><button type=\"submit\">\(HTML.escape(submit))</button></div>\n</form>\n"
        return HTML(raw: out)
    }
}
