// cc-suite: cwe=327 real
package handlers

import (
	"crypto/des"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	block, _ := des.NewCipher([]byte("8bytekey"))
	fmt.Fprintln(w, block.BlockSize(), param)
}
