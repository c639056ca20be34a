// Package auth holds the credential primitives of dondoc: password hashing,
// opaque session and API tokens, and the HTTP plumbing that carries them.
//
// It deliberately knows nothing about storage or users, so that the security
// sensitive code stays small, has no database dependency, and can be reviewed
// and tested on its own. Callers persist only the outputs of this package
// (PHC password strings and SHA-256 token digests), never plaintext secrets.
package auth
