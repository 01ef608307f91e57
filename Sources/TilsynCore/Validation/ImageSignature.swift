import Foundation

/// What the first bytes of an image say it is. A photo is stored and served with the type it
/// declares, so the bytes must be an image of that type: HTML sent as `image/png` would otherwise
/// be served back to a browser.
public enum ImageSignature {
    /// Whether `bytes` begin as an image of `contentType` (`image/jpeg`, `image/png` or `image/webp`).
    public static func matches(_ bytes: Data, contentType: String) -> Bool {
        let head = [UInt8](bytes.prefix(12))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<(offset + prefix.count)]) == prefix
        }
        switch contentType {
        case "image/jpeg": return starts([0xFF, 0xD8, 0xFF])
        case "image/png": return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "image/webp": return starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8)
        default: return false
        }
    }
}
