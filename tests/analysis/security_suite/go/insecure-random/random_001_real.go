// cc-suite: cwe=330 real
package handlers

import (
	"fmt"
	"math/rand"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	token := fmt.Sprintf("%d", rand.Int63())
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: true, HttpOnly: true})
	fmt.Fprintln(w, param)
}
