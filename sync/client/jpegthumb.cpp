#include "jpegthumb.h"

#include "phototime.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE
#include <cstdlib>
#include <memory>
#include <new>

#include <jpeglib.h>

namespace kyodo {

namespace {

constexpr unsigned long long kMaxPixels = 120'000'000;
constexpr long kMaxDecoderMemory = 256L * 1024 * 1024;

// libjpeg reports a fatal error by calling error_exit, which must not
// return: it jumps back to the setjmp of the function that started the work.
struct Failure {
    jpeg_error_mgr manager; // first: libjpeg sees only this
    std::jmp_buf jump;
};

[[noreturn]] void jumpBack(j_common_ptr info) { std::longjmp(reinterpret_cast<Failure *>(info->err)->jump, 1); }
void quiet(j_common_ptr, int) {} // warnings about damaged data: the picture decodes as far as it can

void watchFailures(Failure &failure, jpeg_error_mgr *&err)
{
    err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jumpBack;
    failure.manager.emit_message = quiet;
}

// Each pixel of the result the mean of the block of source pixels it covers.
RgbImage shrunk(const RgbImage &in, int side)
{
    const int longSide = std::max(in.width, in.height);
    if (longSide <= side)
        return in;
    RgbImage out;
    out.width = std::max(1, static_cast<int>(static_cast<long long>(in.width) * side / longSide));
    out.height = std::max(1, static_cast<int>(static_cast<long long>(in.height) * side / longSide));
    out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
    for (int y = 0; y < out.height; ++y) {
        const int y0 = static_cast<int>(static_cast<long long>(y) * in.height / out.height);
        const int y1 = std::max(y0 + 1, static_cast<int>(static_cast<long long>(y + 1) * in.height / out.height));
        for (int x = 0; x < out.width; ++x) {
            const int x0 = static_cast<int>(static_cast<long long>(x) * in.width / out.width);
            const int x1 = std::max(x0 + 1, static_cast<int>(static_cast<long long>(x + 1) * in.width / out.width));
            unsigned long sum[3] = {0, 0, 0};
            for (int sy = y0; sy < y1; ++sy)
                for (int sx = x0; sx < x1; ++sx)
                    for (int c = 0; c < 3; ++c)
                        sum[c] += in.rgb[(static_cast<std::size_t>(sy) * in.width + sx) * 3 + c];
            const auto count = static_cast<unsigned long>(y1 - y0) * static_cast<unsigned long>(x1 - x0);
            for (int c = 0; c < 3; ++c)
                out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3 + c] =
                    static_cast<unsigned char>((sum[c] + count / 2) / count);
        }
    }
    return out;
}

// Turned as EXIF orientation `o` says, so the picture stands as it was seen.
RgbImage upright(const RgbImage &in, int o)
{
    if (o <= 1 || o > 8)
        return in;
    const bool across = o >= 5; // 5 to 8 swap width and height
    RgbImage out;
    out.width = across ? in.height : in.width;
    out.height = across ? in.width : in.height;
    out.rgb.resize(in.rgb.size());
    const int w = in.width, h = in.height;
    for (int dy = 0; dy < out.height; ++dy) {
        for (int dx = 0; dx < out.width; ++dx) {
            int sx = dx, sy = dy;
            switch (o) {
            case 2: sx = w - 1 - dx; break;
            case 3: sx = w - 1 - dx, sy = h - 1 - dy; break;
            case 4: sy = h - 1 - dy; break;
            case 5: sx = dy, sy = dx; break;
            case 6: sx = dy, sy = h - 1 - dx; break;
            case 7: sx = w - 1 - dy, sy = h - 1 - dx; break;
            case 8: sx = w - 1 - dy, sy = dx; break;
            default: break;
            }
            const std::size_t from = (static_cast<std::size_t>(sy) * w + sx) * 3;
            const std::size_t to = (static_cast<std::size_t>(dy) * out.width + dx) * 3;
            std::copy_n(in.rgb.begin() + static_cast<long>(from), 3, out.rgb.begin() + static_cast<long>(to));
        }
    }
    return out;
}

// A progressive JPEG may hold any number of scans over the same pixels, each
// a pass over them all: a few kilobytes that keep the decoder busy for
// minutes. As djpeg's -maxscans: more than this and it is refused.
constexpr int kMaxScans = 500;

void stopAfterManyScans(j_common_ptr info)
{
    if (info->is_decompressor && reinterpret_cast<j_decompress_ptr>(info)->input_scan_number > kMaxScans)
        jumpBack(info);
}

// What setjmp may return to: nothing here with a destructor is made after
// it, and setjmp comes before libjpeg is first called (jpeg_destroy_* on the
// zeroed struct does nothing).
bool decodeInto(std::string_view jpeg, int atLeastSide, RgbImage &out)
{
    jpeg_decompress_struct info{};
    Failure failure{};
    jpeg_progress_mgr progress{};
    progress.progress_monitor = stopAfterManyScans;
    if (setjmp(failure.jump)) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    watchFailures(failure, info.err);
    jpeg_create_decompress(&info);
    info.progress = &progress;
    info.mem->max_memory_to_use = kMaxDecoderMemory;
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char *>(jpeg.data()), static_cast<unsigned long>(jpeg.size()));
    jpeg_read_header(&info, TRUE);
    const unsigned long long pixels = static_cast<unsigned long long>(info.image_width) * info.image_height;
    if (pixels == 0 || pixels > kMaxPixels) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    const unsigned longSide = std::max(info.image_width, info.image_height);
    unsigned denominator = 1;
    while (atLeastSide > 0 && denominator < 8 && longSide / (denominator * 2) >= static_cast<unsigned>(atLeastSide))
        denominator *= 2;
    info.scale_num = 1;
    info.scale_denom = denominator;
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    out.width = static_cast<int>(info.output_width);
    out.height = static_cast<int>(info.output_height);
    try {
        out.rgb.assign(static_cast<std::size_t>(out.width) * out.height * 3, 0);
    } catch (const std::bad_alloc &) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out.rgb.data() + static_cast<std::size_t>(info.output_scanline) * out.width * 3;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return true;
}

// Into a buffer of ours (`room` bytes, malloc'd): libjpeg writes there, and
// should it need more it allocates another and leaves ours to us, so ours is
// always freed by the caller and `out` names where the bytes are on success.
bool encodeInto(const RgbImage &image, int quality, unsigned char *room, unsigned long roomSize, std::string_view &out)
{
    jpeg_compress_struct info{};
    Failure failure{};
    unsigned char *bytes = room;
    unsigned long size = roomSize;
    if (setjmp(failure.jump)) {
        jpeg_destroy_compress(&info);
        return false;
    }
    watchFailures(failure, info.err);
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &bytes, &size);
    info.image_width = static_cast<JDIMENSION>(image.width);
    info.image_height = static_cast<JDIMENSION>(image.height);
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        // libjpeg takes rows it does not change through a non-const pointer.
        auto *row = const_cast<JSAMPLE *>(image.rgb.data() + static_cast<std::size_t>(info.next_scanline) *
                                                                 static_cast<std::size_t>(image.width) * 3);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    out = std::string_view(reinterpret_cast<const char *>(bytes), size);
    return true;
}

} // namespace

std::optional<RgbImage> decodeJpeg(std::string_view jpeg, int atLeastSide)
{
    RgbImage out;
    if (!decodeInto(jpeg, atLeastSide, out))
        return std::nullopt;
    return out;
}

std::optional<std::string> encodeJpeg(const RgbImage &image, int quality)
{
    if (image.width <= 0 || image.height <= 0 ||
        image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        return std::nullopt;
    // Room for the picture uncompressed and the headers: more than any JPEG of it at quality 80.
    const std::size_t roomSize = image.rgb.size() + 64 * 1024;
    struct Free {
        void operator()(unsigned char *p) const { std::free(p); }
    };
    std::unique_ptr<unsigned char, Free> room(static_cast<unsigned char *>(std::malloc(roomSize)));
    if (!room)
        return std::nullopt;
    std::string_view bytes;
    if (!encodeInto(image, quality, room.get(), static_cast<unsigned long>(roomSize), bytes))
        return std::nullopt;
    std::string out(bytes);
    if (bytes.data() != reinterpret_cast<const char *>(room.get()))
        std::free(const_cast<char *>(bytes.data())); // libjpeg's, made when ours was too small
    return out;
}

std::optional<std::string> jpegThumbnail(std::string_view jpeg, int side)
{
    auto decoded = decodeJpeg(jpeg, side);
    if (!decoded)
        return std::nullopt;
    return encodeJpeg(upright(shrunk(*decoded, side), photoOrientation(jpeg)), 80);
}

} // namespace kyodo
