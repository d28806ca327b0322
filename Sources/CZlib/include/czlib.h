// zlib for OtelOTLP: the system header plus helpers for zlib's init macros, which Swift cannot
// call (deflateInit2/inflateInit2 are macros that pass ZLIB_VERSION and sizeof(z_stream)).

#ifndef CZLIB_H
#define CZLIB_H

#include <zlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/// deflateInit2 producing a gzip (RFC 1952) stream: windowBits 15 + 16, memLevel 8, default
/// strategy. Returns a zlib status (Z_OK on success).
int czlib_deflate_init_gzip(z_stream *stream, int level);

/// inflateInit2 accepting a gzip (RFC 1952) stream only: windowBits 15 + 16.
/// Returns a zlib status (Z_OK on success).
int czlib_inflate_init_gzip(z_stream *stream);

#ifdef __cplusplus
}
#endif

#endif /* CZLIB_H */
