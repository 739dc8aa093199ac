// cc-suite: cwe=295 safe
package handlers

import (
	"crypto/tls"
	"fmt"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: false}}}
	resp, _ := client.Get("https://api.example.com/?q=" + param)
	fmt.Fprintln(w, resp.Status)
}
