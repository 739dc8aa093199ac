// cc-suite: cwe=327 safe
package handlers

import (
	"crypto/aes"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	block, _ := aes.NewCipher([]byte("0123456789abcdef"))
	fmt.Fprintln(w, block.BlockSize(), param)
}
