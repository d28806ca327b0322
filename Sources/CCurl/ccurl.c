// Typed forwarders to libcurl's variadic functions (see include/ccurl.h).

#include "ccurl.h"

// Declared exactly as in curl.h (`CURLoption`/`CURLINFO` are enums, passed as int).
extern CURLcode curl_easy_setopt(CURL *handle, int option, ...);
extern CURLcode curl_easy_getinfo(CURL *handle, int info, ...);

// From curl/options.h (libcurl >= 7.73.0).
struct curl_easyoption {
    const char *name;
    int id;
    int type;
    unsigned int flags;
};
extern const struct curl_easyoption *curl_easy_option_by_name(const char *name);

CURLcode ccurl_setopt_long(CURL *handle, int option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_ptr(CURL *handle, int option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_str(CURL *handle, int option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_off_t(CURL *handle, int option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_slist(CURL *handle, int option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_data_callback(CURL *handle, int option, ccurl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode ccurl_setopt_postfields(CURL *handle, const void *data, curl_off_t length) {
    static const char empty[1] = {0};
    CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, length);
    if (code != CURLE_OK) {
        return code;
    }
    return curl_easy_setopt(handle, CURLOPT_POSTFIELDS, data != NULL ? data : (const void *)empty);
}

CURLcode ccurl_getinfo_long(CURL *handle, int info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

int ccurl_option_id_by_name(const char *name) {
    const struct curl_easyoption *option = curl_easy_option_by_name(name);
    return option != NULL ? option->id : -1;
}
