// Package docparse reads Vietnamese official documents (văn bản hành chính and Party documents)
// and turns them into a Draft: the document's metadata, its recipients, references, distribution
// list, signature, clause tree and the tasks it assigns, each with the byte span it came from and a
// confidence.
//
// Reading and parsing are separate steps. The readers (Read) turn a file — plain text or Markdown
// in UTF-8, Windows-1258 or TCVN3, a .docx, a PDF through pdftotext, or an edXML message of QCVN
// 102:2016 — into plain UTF-8 text with guards against oversized input, zip bombs and runaway
// conversions. The parser (Parse) knows nothing of file formats: it works on the text alone, with
// rules drawn from Nghị định 30/2020 (State documents) and Hướng dẫn 36-HD/VPTW (Party documents),
// so that the same rules serve every reader.
//
// The parser only proposes: every value carries its evidence (span) and a confidence so that an
// office clerk can check it against the original before anything is registered. Nothing here
// touches the database; unit names stay verbatim as printed.
package docparse
