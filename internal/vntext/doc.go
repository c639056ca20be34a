// Package vntext holds the Vietnamese text rules of dondoc: Unicode
// normalisation, accent-insensitive search folding, normalised document
// numbers, Vietnamese collation, Vietnamese number and date formatting, and
// validation of untrusted text.
//
// These rules live in one small package with no storage or HTTP dependency so
// that every writer (storage, API, pages, imports) produces byte-identical
// search keys and display strings. Vietnamese text reaches the system in both
// precomposed (NFC) and decomposed (NFD) form and with both old and new tone
// placement ("Thuỷ" and "Thủy"); if two writers folded or sorted differently,
// searches and exact look-ups would silently miss records.
package vntext
