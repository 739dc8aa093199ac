// cc-suite: cwe=330 real
package handlers

import (
	"fmt"
	"math/rand"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	v := rand.Intn(1000000)
	http.Redirect(w, r, fmt.Sprintf("/verify?otp=%d", v), http.StatusFound)
}
