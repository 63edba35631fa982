// A file a person attaches as a photo (kyodoctl attach, attachFiles): the
// bytes go through everything the engine reads in a JPEG before storing it:
// when it was taken and how it was held (the EXIF block, our own TIFF
// reader), every place a picture may hold its location left behind (JPEG,
// PNG, WebP, GIF; the EXIF block written anew), and the preview (libjpeg-turbo
// decoding at a reduced scale, then our shrinking, turning and encoding).
// libjpeg itself is Debian's, not instrumented: what is searched here is our
// reading of offsets and our use of its buffers.
#include "imagelocation.h"
#include "jpegthumb.h"
#include "phototime.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    (void)kyodo::photoTakenAt(bytes);
    (void)kyodo::photoOrientation(bytes);
    std::string kept(bytes);
    if (kyodo::removeImageLocation(kept)) {
        std::string again = kept;
        if (kept.size() > bytes.size() + kyodo::kLocationFreeGrowth || !kyodo::removeImageLocation(again) ||
            again != kept)
            __builtin_trap(); // what is left has nothing more to remove
    }
    if (const auto preview = kyodo::jpegThumbnail(bytes)) {
        const auto back = kyodo::decodeJpeg(*preview);
        if (!back || back->width > kyodo::kThumbnailSide || back->height > kyodo::kThumbnailSide)
            __builtin_trap(); // a preview is a JPEG of at most 256 px each way
    }
    return 0;
}
