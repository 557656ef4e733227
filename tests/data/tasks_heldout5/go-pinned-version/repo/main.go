package main

import (
	"fmt"
	"net/http"

	"example.com/shorturl/internal/ids"
	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Post("/", func(w http.ResponseWriter, req *http.Request) {
		fmt.Fprintln(w, ids.New())
	})
	http.ListenAndServe(":8080", r)
}
