// cc-suite: cwe=330 safe
package handlers

import (
	"fmt"
	"math/rand"
	"time"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	param := r.URL.Query().Get("q")
	v := rand.Intn(1000)
	time.Sleep(time.Duration(v) * time.Millisecond)
	http.Redirect(w, r, fmt.Sprintf("/done?q=%s", param), http.StatusFound)
}
