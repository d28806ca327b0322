// The small part of libcurl's C API that OtelOTLP uses, declared here because the machine image
// ships the runtime `libcurl.so.4` but not curl's development headers.
//
// Every declaration below mirrors curl's public header `include/curl/curl.h` (libcurl 7.x/8.x
// stable ABI). Option and info numbers are fixed by libcurl's ABI contract: they are computed as
// a type base plus a per-option number, exactly as curl.h does:
//   CURLOPTTYPE_LONG = 0, CURLOPTTYPE_OBJECTPOINT = 10000, CURLOPTTYPE_FUNCTIONPOINT = 20000,
//   CURLOPTTYPE_OFF_T = 30000, CURLOPTTYPE_BLOB = 40000; CURLINFO_LONG = 0x200000.
// Tests check each option number against the running library with `ccurl_option_id_by_name`
// (libcurl's own option table) and each info/error code by behaviour.
//
// `curl_easy_setopt` and `curl_easy_getinfo` are C variadic functions, which Swift cannot call;
// the typed `ccurl_*` wrappers in ccurl.c forward to them.

#ifndef CCURL_H
#define CCURL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An easy handle (curl.h: `typedef void CURL;`).
typedef void CURL;
/// libcurl's result code (an `enum` in curl.h, passed as `int`).
typedef int CURLcode;
/// curl.h's `curl_off_t` is a signed 64-bit integer on every supported platform.
typedef int64_t curl_off_t;

/// Linked list of strings used for CURLOPT_HTTPHEADER (same layout as curl.h).
struct curl_slist {
    char *data;
    struct curl_slist *next;
};

// MARK: - Result codes (CURLcode) used for error mapping.

#define CURLE_OK 0
#define CURLE_UNSUPPORTED_PROTOCOL 1
#define CURLE_FAILED_INIT 2
#define CURLE_URL_MALFORMAT 3
#define CURLE_NOT_BUILT_IN 4
#define CURLE_COULDNT_RESOLVE_PROXY 5
#define CURLE_COULDNT_RESOLVE_HOST 6
#define CURLE_COULDNT_CONNECT 7
#define CURLE_WEIRD_SERVER_REPLY 8
#define CURLE_HTTP2 16
#define CURLE_PARTIAL_FILE 18
#define CURLE_WRITE_ERROR 23
#define CURLE_UPLOAD_FAILED 25
#define CURLE_READ_ERROR 26
#define CURLE_OUT_OF_MEMORY 27
#define CURLE_OPERATION_TIMEDOUT 28
#define CURLE_SSL_CONNECT_ERROR 35
#define CURLE_ABORTED_BY_CALLBACK 42
#define CURLE_BAD_FUNCTION_ARGUMENT 43
#define CURLE_INTERFACE_FAILED 45
#define CURLE_UNKNOWN_OPTION 48
#define CURLE_GOT_NOTHING 52
#define CURLE_SSL_ENGINE_NOTFOUND 53
#define CURLE_SSL_ENGINE_SETFAILED 54
#define CURLE_SEND_ERROR 55
#define CURLE_RECV_ERROR 56
#define CURLE_SSL_CERTPROBLEM 58
#define CURLE_SSL_CIPHER 59
#define CURLE_PEER_FAILED_VERIFICATION 60
#define CURLE_BAD_CONTENT_ENCODING 61
#define CURLE_SEND_FAIL_REWIND 65
#define CURLE_SSL_ENGINE_INITFAILED 66
#define CURLE_SSL_CACERT_BADFILE 77
#define CURLE_SSL_SHUTDOWN_FAILED 80
#define CURLE_SSL_CRL_BADFILE 82
#define CURLE_SSL_ISSUER_ERROR 83
#define CURLE_SSL_PINNEDPUBKEYNOTMATCH 90
#define CURLE_SSL_INVALIDCERTSTATUS 91
#define CURLE_HTTP2_STREAM 92
#define CURLE_PROXY 97
#define CURLE_SSL_CLIENTCERT 98

/// Size of the buffer given to CURLOPT_ERRORBUFFER.
#define CURL_ERROR_SIZE 256

// MARK: - curl_global_init flags.

#define CURL_GLOBAL_SSL (1 << 0)
#define CURL_GLOBAL_WIN32 (1 << 1)
#define CURL_GLOBAL_ALL (CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32)
#define CURL_GLOBAL_DEFAULT CURL_GLOBAL_ALL

// MARK: - Options (CURLoption). Comment: type base + number from curl.h.

#define CURLOPT_WRITEDATA 10001             /* CBPOINT + 1 */
#define CURLOPT_URL 10002                   /* STRINGPOINT + 2 */
#define CURLOPT_ERRORBUFFER 10010           /* OBJECTPOINT + 10 */
#define CURLOPT_WRITEFUNCTION 20011         /* FUNCTIONPOINT + 11 */
#define CURLOPT_POSTFIELDS 10015            /* OBJECTPOINT + 15 */
#define CURLOPT_USERAGENT 10018             /* STRINGPOINT + 18 */
#define CURLOPT_HTTPHEADER 10023            /* SLISTPOINT + 23 */
#define CURLOPT_SSLCERT 10025               /* STRINGPOINT + 25 */
#define CURLOPT_HEADERDATA 10029            /* CBPOINT + 29 */
#define CURLOPT_VERBOSE 41                  /* LONG + 41 */
#define CURLOPT_NOPROGRESS 43               /* LONG + 43 */
#define CURLOPT_POST 47                     /* LONG + 47 */
#define CURLOPT_FOLLOWLOCATION 52           /* LONG + 52 */
#define CURLOPT_SSL_VERIFYPEER 64           /* LONG + 64 */
#define CURLOPT_FORBID_REUSE 75             /* LONG + 75 */
#define CURLOPT_CAINFO 10065                /* STRINGPOINT + 65 */
#define CURLOPT_HEADERFUNCTION 20079        /* FUNCTIONPOINT + 79 */
#define CURLOPT_HTTPGET 80                  /* LONG + 80 */
#define CURLOPT_SSL_VERIFYHOST 81           /* LONG + 81 */
#define CURLOPT_HTTP_VERSION 84             /* VALUES + 84 */
#define CURLOPT_SSLKEY 10087                /* STRINGPOINT + 87 */
#define CURLOPT_CAPATH 10097                /* STRINGPOINT + 97 */
#define CURLOPT_NOSIGNAL 99                 /* LONG + 99 */
#define CURLOPT_POSTFIELDSIZE_LARGE 30120   /* OFF_T + 120 */
#define CURLOPT_TIMEOUT_MS 155              /* LONG + 155 */
#define CURLOPT_CONNECTTIMEOUT_MS 156       /* LONG + 156 */
#define CURLOPT_TCP_KEEPALIVE 213           /* LONG + 213 */

// MARK: - CURLOPT_HTTP_VERSION values.

#define CURL_HTTP_VERSION_NONE 0
#define CURL_HTTP_VERSION_1_0 1
#define CURL_HTTP_VERSION_1_1 2
#define CURL_HTTP_VERSION_2_0 3
#define CURL_HTTP_VERSION_2TLS 4
#define CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE 5

// MARK: - Info codes (CURLINFO).

#define CURLINFO_LONG 0x200000
#define CURLINFO_RESPONSE_CODE (CURLINFO_LONG + 2)
#define CURLINFO_SSL_VERIFYRESULT (CURLINFO_LONG + 13)
#define CURLINFO_OS_ERRNO (CURLINFO_LONG + 25)
#define CURLINFO_NUM_CONNECTS (CURLINFO_LONG + 26)
#define CURLINFO_PRIMARY_PORT (CURLINFO_LONG + 40)
#define CURLINFO_LOCAL_PORT (CURLINFO_LONG + 42)
#define CURLINFO_HTTP_VERSION (CURLINFO_LONG + 46)

// MARK: - libcurl functions (non-variadic ones are called directly from Swift).

CURLcode curl_global_init(long flags);
CURL *curl_easy_init(void);
void curl_easy_cleanup(CURL *handle);
void curl_easy_reset(CURL *handle);
CURLcode curl_easy_perform(CURL *handle);
const char *curl_easy_strerror(CURLcode code);
char *curl_version(void);
struct curl_slist *curl_slist_append(struct curl_slist *list, const char *string);
void curl_slist_free_all(struct curl_slist *list);

// MARK: - Typed wrappers around the variadic curl_easy_setopt / curl_easy_getinfo.

/// Callback type of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/// Sets an option whose argument is a `long`.
CURLcode ccurl_setopt_long(CURL *handle, int option, long value);
/// Sets an option whose argument is a pointer (passed through untouched; may be NULL).
CURLcode ccurl_setopt_ptr(CURL *handle, int option, void *value);
/// Sets an option whose argument is a NUL-terminated string (libcurl copies it; may be NULL).
CURLcode ccurl_setopt_str(CURL *handle, int option, const char *value);
/// Sets an option whose argument is a `curl_off_t`.
CURLcode ccurl_setopt_off_t(CURL *handle, int option, curl_off_t value);
/// Sets an option whose argument is a `struct curl_slist *`.
CURLcode ccurl_setopt_slist(CURL *handle, int option, struct curl_slist *value);
/// Sets CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION.
CURLcode ccurl_setopt_data_callback(CURL *handle, int option, ccurl_data_callback callback);
/// Sets CURLOPT_POSTFIELDSIZE_LARGE then CURLOPT_POSTFIELDS. `data` is NOT copied and must stay
/// valid until the transfer ends. A NULL `data` with `length` 0 sends an empty body (never reads
/// stdin, which is what libcurl does for a NULL CURLOPT_POSTFIELDS).
CURLcode ccurl_setopt_postfields(CURL *handle, const void *data, curl_off_t length);
/// Reads an info value of type `long`.
CURLcode ccurl_getinfo_long(CURL *handle, int info, long *value);

/// The running libcurl's own number for the option called `name` (without the `CURLOPT_`
/// prefix), from its option table (`curl_easy_option_by_name`, libcurl >= 7.73), or -1 when the
/// library does not know the name. Used by tests to check the numbers above.
int ccurl_option_id_by_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* CCURL_H */
