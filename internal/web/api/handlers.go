package api

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
)

// The helpers in this file are the shapes most handlers share: read the path's {id}, the If-Match
// version and the JSON body in that order, call one service method and answer the object it
// returns with its ETag. A handler takes its service's method value in its own body, so when the
// request is served and never when its route is registered: an API built with some services nil
// (as in tests) still registers every route.

// getByID answers the object that get returns for the path's {id}, with its ETag.
func getByID[T any](w http.ResponseWriter, r *http.Request, get func(context.Context, int64) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := get(r.Context(), id)
	return answerVersioned(w, http.StatusOK, v, err)
}

// getVersioned answers the object that get returns, with its ETag, where the path names no {id}:
// a singleton setting, or the caller.
func getVersioned[T any](w http.ResponseWriter, r *http.Request, get func(context.Context) (T, error)) error {
	v, err := get(r.Context())
	return answerVersioned(w, http.StatusOK, v, err)
}

// create decodes the body, has store store it and answers 201 with the new object and its ETag.
// With a collection path such as "/api/v1/units/", the answer also carries the object's address
// in Location; an empty collection leaves Location out, for objects that have no address of their
// own.
func create[I, T any](w http.ResponseWriter, r *http.Request, collection string, store func(context.Context, I) (T, error)) error {
	in, err := decode[I](w, r)
	if err != nil {
		return err
	}
	v, err := store(r.Context(), in)
	if err != nil || collection == "" {
		return answerVersioned(w, http.StatusCreated, v, err)
	}
	id, err := int64Field(v, "ID")
	if err != nil {
		return err
	}
	w.Header().Set("Location", collection+itoa(id))
	return answerVersioned(w, http.StatusCreated, v, nil)
}

// withBody decodes the body, hands it to call with the path's {id} and answers the object call
// returns with its ETag and the status, which is 201 where call adds an object under {id}.
func withBody[I, T any](w http.ResponseWriter, r *http.Request, status int, call func(context.Context, int64, I) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[I](w, r)
	if err != nil {
		return err
	}
	v, err := call(r.Context(), id, in)
	return answerVersioned(w, status, v, err)
}

// update is withBody for a change to an object that has a version: the If-Match version, read
// after {id} and before the body, goes to call so that a stale write is refused.
func update[I, T any](w http.ResponseWriter, r *http.Request, status int, call func(context.Context, int64, int64, I) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[I](w, r)
	if err != nil {
		return err
	}
	v, err := call(r.Context(), id, version, in)
	return answerVersioned(w, status, v, err)
}

// act is update for a change that takes no body, such as closing or revoking: the change is
// said by the route alone.
func act[T any](w http.ResponseWriter, r *http.Request, call func(context.Context, int64, int64) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	v, err := call(r.Context(), id, version)
	return answerVersioned(w, http.StatusOK, v, err)
}

// putSetting replaces a singleton setting at the If-Match version with the body.
func putSetting[I, T any](w http.ResponseWriter, r *http.Request, put func(context.Context, int64, I) (T, error)) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[I](w, r)
	if err != nil {
		return err
	}
	v, err := put(r.Context(), version, in)
	return answerVersioned(w, http.StatusOK, v, err)
}

// remove has del delete or revoke the object that the path's {id} names, and answers 204 with no
// body: the object is gone for the caller, so there is no version left to show.
func remove(w http.ResponseWriter, r *http.Request, del func(context.Context, int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := del(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listAll answers what list returns as {"items": …}, the envelope of every unpaged list.
func listAll[T any](w http.ResponseWriter, r *http.Request, list func(context.Context) (T, error)) error {
	items, err := list(r.Context())
	return answerItems(w, http.StatusOK, items, err)
}

// listByID answers what list returns for the path's {id} as {"items": …}.
func listByID[T any](w http.ResponseWriter, r *http.Request, list func(context.Context, int64) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := list(r.Context(), id)
	return answerItems(w, http.StatusOK, items, err)
}

// answerVersioned writes v with its ETag and the status, or returns err, the error of the call
// that produced v.
func answerVersioned[T any](w http.ResponseWriter, status int, v T, err error) error {
	if err != nil {
		return err
	}
	version, err := int64Field(v, "Version")
	if err != nil {
		return err
	}
	return writeVersioned(w, status, v, version)
}

// answerItems writes items as {"items": …} with the status, or returns err, the error of the call
// that produced them.
func answerItems[T any](w http.ResponseWriter, status int, items T, err error) error {
	if err != nil {
		return err
	}
	return writeJSON(w, status, map[string]any{"items": items})
}

// int64Field reads the ID or Version field of a stored domain object, or of the struct a pointer
// points to. Go generics cannot name a field of a type parameter, and the domain types share no
// method for it, so the helpers read it by reflection. A type without the field is a programming
// error, answered as an internal error rather than a crash.
func int64Field(v any, name string) (int64, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		if f := rv.FieldByName(name); f.IsValid() && f.Kind() == reflect.Int64 {
			return f.Int(), nil
		}
	}
	return 0, fmt.Errorf("api: %T has no int64 field %s", v, name)
}
