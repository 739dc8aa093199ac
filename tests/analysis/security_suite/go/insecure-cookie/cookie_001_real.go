// cc-suite: cwe=614 real
package handlers

import (
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	http.SetCookie(w, &http.Cookie{Name: "pref", Value: param, HttpOnly: true})
	fmt.Fprintln(w, param)
}
