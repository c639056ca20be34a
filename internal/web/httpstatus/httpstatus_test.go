package httpstatus

import (
	"errors"
	"fmt"
	"testing"

	"dondoc"
)

func TestOf(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{dondoc.NotFound("task"), 404},
		{dondoc.Invalid("title", "x", "x"), 400},
		{dondoc.Conflict("x", "x"), 409},
		{dondoc.Stale(), 412},
		{dondoc.Forbidden("x", "x"), 403},
		{dondoc.Errorf(dondoc.EUnauthorized, "", "x", "x"), 401},
		{fmt.Errorf("wrapped: %w", dondoc.NotFound("task")), 404},
		{errors.New("disk on fire"), 500},
	}
	for _, tt := range tests {
		if got := Of(tt.err); got != tt.want {
			t.Errorf("Of(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
