// cc-suite: cwe=328 real
package handlers

import (
	"crypto/md5"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	fmt.Fprintf(w, "%x", md5.Sum([]byte(param)))
}
