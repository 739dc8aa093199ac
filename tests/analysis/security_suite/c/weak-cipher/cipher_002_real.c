// cc-suite: cwe=327 real
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>

int handle(const char *param, unsigned char *out) {
    static const unsigned char key[24] = {0};
    int n = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), NULL, key, key);
    EVP_EncryptUpdate(ctx, out, &n, (const unsigned char *)param, (int)strlen(param));
    EVP_CIPHER_CTX_free(ctx);
    return n;
}
