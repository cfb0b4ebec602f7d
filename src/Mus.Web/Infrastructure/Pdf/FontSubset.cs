using System.Runtime.InteropServices;

namespace Mus.Web.Infrastructure.Pdf;

/// <summary>
/// Cuts a TrueType font down to the characters one document uses, with HarfBuzz's subsetter (hb-subset,
/// exported by the native library of HarfBuzzSharp). Skia's PDF writer tags the font as a subset but,
/// built without a subsetter, embeds the whole font it draws with: given this one, a plan carries a few
/// dozen glyphs instead of the whole font (180 KB for IBM Plex Sans, 750 KB for DejaVu Sans before it).
/// </summary>
internal static class FontSubset
{
    private const string HarfBuzz = "libHarfBuzzSharp";

    public static byte[] Of(byte[] font, IEnumerable<int> codePoints)
    {
        var used = codePoints.Distinct().Order().ToArray();
        var source = IntPtr.Zero;
        var face = IntPtr.Zero;
        var input = IntPtr.Zero;
        var subset = IntPtr.Zero;
        var result = IntPtr.Zero;
        var pinned = GCHandle.Alloc(font, GCHandleType.Pinned);
        try
        {
            source = hb_blob_create(pinned.AddrOfPinnedObject(), (uint)font.Length, MemoryModeDuplicate, IntPtr.Zero, IntPtr.Zero);
            face = hb_face_create(source, 0);
            input = hb_subset_input_create_or_fail();
            if (input == IntPtr.Zero)
            {
                throw new InvalidOperationException("HarfBuzz could not start a subset.");
            }

            var characters = hb_subset_input_unicode_set(input);
            foreach (var codePoint in used)
            {
                hb_set_add(characters, (uint)codePoint);
            }

            subset = hb_subset_or_fail(face, input);
            if (subset == IntPtr.Zero)
            {
                throw new InvalidOperationException("HarfBuzz could not subset the PDF font.");
            }

            result = hb_face_reference_blob(subset);
            return Bytes(result);
        }
        finally
        {
            pinned.Free();
            foreach (var blob in new[] { result, source })
            {
                if (blob != IntPtr.Zero)
                {
                    hb_blob_destroy(blob);
                }
            }

            foreach (var created in new[] { subset, face })
            {
                if (created != IntPtr.Zero)
                {
                    hb_face_destroy(created);
                }
            }

            if (input != IntPtr.Zero)
            {
                hb_subset_input_destroy(input);
            }
        }
    }

    private static byte[] Bytes(IntPtr blob)
    {
        var data = hb_blob_get_data(blob, out var length);
        var bytes = new byte[length];
        Marshal.Copy(data, bytes, 0, (int)length);
        return bytes;
    }

    private const int MemoryModeDuplicate = 0;

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_blob_create(IntPtr data, uint length, int mode, IntPtr userData, IntPtr destroy);

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [DllImport(HarfBuzz)]
    private static extern void hb_blob_destroy(IntPtr blob);

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_face_create(IntPtr blob, uint index);

    [DllImport(HarfBuzz)]
    private static extern void hb_face_destroy(IntPtr face);

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_face_reference_blob(IntPtr face);

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_subset_input_create_or_fail();

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_subset_input_unicode_set(IntPtr input);

    [DllImport(HarfBuzz)]
    private static extern void hb_subset_input_destroy(IntPtr input);

    [DllImport(HarfBuzz)]
    private static extern void hb_set_add(IntPtr set, uint codePoint);

    [DllImport(HarfBuzz)]
    private static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
}
