// Package e2e holds dondoc's browser tests: they boot the real server on a temporary database with
// the demo province, drive Debian's Chromium through chromedp as a user would, and save a
// screenshot of every page at phone and desktop widths. They are skipped on a machine without a
// browser, unless DONDOC_REQUIRE_BROWSER=1 (as in CI) makes a missing browser a failure.
package e2e
