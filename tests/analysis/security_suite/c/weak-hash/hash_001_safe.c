// cc-suite: cwe=328 safe
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>

int handle(const char *param, unsigned char *out) {
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    EVP_DigestUpdate(ctx, param, strlen(param));
    EVP_DigestFinal_ex(ctx, out, &n);
    EVP_MD_CTX_free(ctx);
    return (int)n;
}
