// cc-suite: cwe=328 safe
package handlers

import (
	"crypto/sha256"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	fmt.Fprintf(w, "%x", sha256.Sum256([]byte(param)))
}
