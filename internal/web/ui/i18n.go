package ui

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"dondoc"
	"dondoc/internal/vntext"
)

// lang is the language a page is written in. Vietnamese is the language of the pages; English is
// a translation of them for the users who read it better, chosen per browser.
type lang string

// The languages of the pages.
const (
	langVI lang = "vi"
	langEN lang = "en"
)

// langs lists the languages every page template is parsed for.
var langs = []lang{langVI, langEN}

// langCookie remembers the language a browser chose.
const langCookie = "dondoc_lang"

// The English catalogue maps each Vietnamese text of the pages, as written in the templates and
// the handlers, to its English translation. The Vietnamese text is the key, so that a page reads
// naturally in its source and a missing translation falls back to Vietnamese rather than to a
// code. Each area of the pages keeps its own file under locales/en, so that people working on
// different pages do not edit the same file; a test checks that every Vietnamese text has an
// entry and that no two files disagree.
//
//go:embed locales/en/*.json
var localeFS embed.FS

var english = mustLoadCatalogue(localeFS, "locales/en")

// loadCatalogue reads every JSON file of dir and merges them, refusing a key that two files
// translate differently or a key that is not in NFC.
func loadCatalogue(fsys fs.FS, dir string) (map[string]string, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	from := map[string]string{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for k, v := range m {
			if k != vntext.NFC(k) {
				return nil, fmt.Errorf("%s: key %q is not in NFC", f, k)
			}
			if old, dup := out[k]; dup && old != v {
				return nil, fmt.Errorf("%s: %q is translated differently in %s", f, k, from[k])
			}
			out[k], from[k] = v, f
		}
	}
	return out, nil
}

func mustLoadCatalogue(fsys fs.FS, dir string) map[string]string {
	m, err := loadCatalogue(fsys, dir)
	if err != nil {
		panic(err)
	}
	return m
}

// tr translates a Vietnamese text of the pages into the language. A text without an English entry
// stays Vietnamese; the catalogue test makes sure there is none.
func (l lang) tr(vi string) string {
	if l == langEN {
		if en, ok := english[vi]; ok {
			return en
		}
	}
	return vi
}

// trf translates a Vietnamese format string and fills it in, as "còn %s ngày" becomes "%s days
// left" before the number is put in.
func (l lang) trf(vi string, args ...any) string {
	return fmt.Sprintf(l.tr(vi), args...)
}

// number writes a whole or decimal number with the separators of the language: 1.234,5 in
// Vietnamese, 1,234.5 in English.
func (l lang) number(f float64, decimals int) string {
	s := vntext.FormatNumber(f, decimals)
	if l == langEN {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '.':
				return ','
			case ',':
				return '.'
			}
			return r
		}, s)
	}
	return s
}

// errorText returns the message of a domain error in the language, and a generic one for anything
// else, whose details belong in the log and not on the page.
func (l lang) errorText(err error) string {
	var e *dondoc.Error
	if !errors.As(err, &e) || e.Code == dondoc.EInternal || e.Message == "" {
		return l.tr("Lỗi hệ thống; xin thử lại sau.")
	}
	if l == langEN && e.MessageEN != "" {
		return e.MessageEN
	}
	return e.Message
}

// langOf returns the language the browser chose, Vietnamese unless it chose English.
func langOf(r *http.Request) lang {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(langEN) {
		return langEN
	}
	return langVI
}

// setLang remembers the language the user picked and goes back to the page they were on. It is a
// preference, not a change of data, so a plain link can set it and it works without scripts.
func (u *UI) setLang(w http.ResponseWriter, r *http.Request) {
	l := langVI
	if r.URL.Query().Get("lang") == string(langEN) {
		l = langEN
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: u.s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}
