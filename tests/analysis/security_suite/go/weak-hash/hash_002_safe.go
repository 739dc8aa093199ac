// cc-suite: cwe=328 safe
package handlers

import (
	"crypto/sha512"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	h := sha512.New()
	h.Write([]byte(param))
	fmt.Fprintf(w, "%x", h.Sum(nil))
}
