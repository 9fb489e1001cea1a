// The compact form in which audit.db stores a record's object ids: a STIX id "type--uuid" with a
// known type and a lowercase UUID takes 17 bytes (type code, 16 UUID bytes) instead of about 48
// bytes of text; anything else is kept as its text. Storage only: the hashed canonical record
// (EncodeRecord) still names every id as text, so proofs and verify do not depend on this form.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qccm::oversight {

// Appends the stored form of `ids` to `out` (cleared first): empty for no ids, else the format
// byte 0x01 followed by one EncodeObjectId entry per id.
void EncodeObjectIds(const std::vector<std::string>& ids, std::string& out);

// Appends one id's entry: a type code 1-255 and the 16 UUID bytes, or 0x00, the text's length
// (LEB128) and the text. Also the needle that finds the id in a stored list (a byte search
// may also match across entries: confirm with DecodeObjectIds).
void EncodeObjectId(std::string_view id, std::string& out);

// Decodes a stored list into `out` (reusing its strings): the compact form above, or, for rows
// written before it, the ids joined by '\n' as text. Returns false (and `out` unspecified) if
// a compact list is truncated or has a bad entry.
bool DecodeObjectIds(std::span<const unsigned char> stored, std::vector<std::string>& out);

}  // namespace qccm::oversight
