// A picture made fit to leave the device without where it was taken, for a
// field that does not ask for it (DESIGN.md, attachments). Not only the
// EXIF GPS block: a phone writes the place again in XMP, a second EXIF
// segment, IPTC (APP13), or a second picture appended after the first (MPF),
// and PNG and WebP carry EXIF and XMP in chunks of their own. What is kept
// is a list of what is known to hold no place (allow, not deny): the
// picture itself, its colour profile, and the first EXIF block with its
// GPS block wiped, so its time and which way up still read.
#pragma once

#include <string>

namespace kyodo {

// In place. JPEG, PNG, WebP and GIF are rewritten; BMP holds no metadata
// and stays as it is. False for any other kind of picture, and for one
// whose structure cannot be followed to its end: such a file is not to be
// sent as it is. The result is never longer than the file, and doing it
// again changes nothing.
bool removeImageLocation(std::string &bytes);

} // namespace kyodo
