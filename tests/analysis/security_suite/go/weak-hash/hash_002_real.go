// cc-suite: cwe=328 real
package handlers

import (
	"crypto/sha1"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	h := sha1.New()
	h.Write([]byte(param))
	fmt.Fprintf(w, "%x", h.Sum(nil))
}
