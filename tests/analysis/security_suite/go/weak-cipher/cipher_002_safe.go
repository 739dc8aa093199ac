// cc-suite: cwe=327 safe
package handlers

import (
	"golang.org/x/crypto/chacha20poly1305"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	c, _ := chacha20poly1305.New([]byte(param))
	fmt.Fprintln(w, c != nil)
}
