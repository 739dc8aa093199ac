// cc-suite: cwe=295 real
#include <stdio.h>
#include <string.h>
#include <curl/curl.h>

int handle(const char *param, unsigned char *out) {
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, param);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    out[0] = (unsigned char)rc;
    return (int)rc;
}
