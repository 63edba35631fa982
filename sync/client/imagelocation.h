// A picture made fit to leave the device without where it was taken, for a
// field that does not ask for it (DESIGN.md, attachments). Not only the
// EXIF GPS block: a phone writes the place again in XMP, a second EXIF
// segment, IPTC (APP13), a maker's note, or a second picture appended after
// the first (MPF), and PNG, WebP and GIF carry EXIF and XMP in chunks of
// their own. So nothing of a picture's metadata is kept as it was: what
// stays is a list of what is known to hold no place (the picture itself,
// its colour profile), and for a JPEG a small EXIF block of our own with
// only when it was taken and which way up it is, read from the camera's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kyodo {

// The most a picture grows by: the EXIF block written for a JPEG whose own
// was smaller, or the end a GIF was missing.
inline constexpr std::size_t kLocationFreeGrowth = 128;

// In place. JPEG, PNG, WebP and GIF are rewritten. False for any other kind
// of picture, and for one whose structure cannot be followed to its end:
// such a file is not to be sent as it is. Doing it again changes nothing.
bool removeImageLocation(std::string &bytes);

// Whether `head` begins as a JPEG, PNG, WebP or GIF does: a picture of one
// of these that removeImageLocation refuses is damaged, not of another kind.
bool knownPictureKind(std::string_view head);

} // namespace kyodo
