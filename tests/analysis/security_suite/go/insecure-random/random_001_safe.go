// cc-suite: cwe=330 safe
package handlers

import (
	"crypto/rand"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	b := make([]byte, 16)
	rand.Read(b)
	token := fmt.Sprintf("%x", b)
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: true, HttpOnly: true})
	fmt.Fprintln(w, param)
}
