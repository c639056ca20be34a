// Package dondoc holds the domain of a directive follow-up system for Vietnamese public
// administration: units, people and posts, documents, tasks and their lifecycle, progress reports,
// extensions, escalations, field visits, key projects and indicators, together with the rules for
// scope and permissions. It performs no I/O and imports no adapter, so the rules here are the single
// source of truth for the storage layer, the API and the pages alike.
package dondoc
