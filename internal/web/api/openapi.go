package api

import (
	_ "embed"
	"net/http"
	"strconv"
)

// OpenAPIDocument is the OpenAPI 3.1 description of the API: the contract for other systems,
// checked against the handlers by the tests.
//
//go:embed openapi.yaml
var OpenAPIDocument []byte

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(OpenAPIDocument)
	return err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
