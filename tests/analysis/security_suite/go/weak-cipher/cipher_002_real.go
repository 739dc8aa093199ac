// cc-suite: cwe=327 real
package handlers

import (
	"crypto/rc4"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	c, _ := rc4.NewCipher([]byte(param))
	fmt.Fprintln(w, c != nil)
}
