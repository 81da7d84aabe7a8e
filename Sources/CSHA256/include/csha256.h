// SHA-256 (FIPS 180-4) on a caller-owned state, for hashing many short messages without an
// allocation each: the Merkle tree's leaves and nodes (TransparencyLog's `SHA256Stream`).
// On x86-64 processors with the SHA extensions the block function uses them (checked once at
// run time); elsewhere it is portable C. Every output equals swift-crypto's SHA256.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t length;       // bytes hashed so far
    uint8_t buffer[64];    // the partial block
    uint32_t buffered;     // bytes in `buffer`
} carelog_sha256;

void carelog_sha256_init(carelog_sha256 *context);
void carelog_sha256_update(carelog_sha256 *context, const void *data, size_t count);
void carelog_sha256_final(carelog_sha256 *context, uint8_t digest[32]);

/// 1 when the block function uses the x86 SHA extensions.
int carelog_sha256_accelerated(void);

#endif
