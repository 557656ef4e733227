module example.com/shorturl

go 1.19

require (
	github.com/go-chi/chi/v5 v5.0.10
	github.com/google/uuid v1.3.1
)

require golang.org/x/text v0.14.0 // indirect
