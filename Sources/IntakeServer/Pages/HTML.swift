import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

/// The frame every page shares (layout.mustache): title, navigation for the signed-in account, the
/// sign-out form.
enum Layout {
    struct Frame: PageView {
        let title: String
        let navigation: Navigation?
        /// Markup the page's template rendered, put in as it is.
        let body: String
    }

    struct Navigation: PageView {
        let account: String
        let role: String
        let mayAssess: Bool
        let seesRuleStatus: Bool
        let seesReferrals: Bool
        let csrfToken: String
        let seesYearReport: Bool
    }

    /// A page: the template `content` rendered with `view`, in the frame.
    static func page(_ content: PageTemplates.Name, _ view: some PageView, title: String, session: WebSession?) -> String {
        PageTemplates.render(.layout, Frame(title: title, navigation: session.map(Navigation.init), body: PageTemplates.render(content, view)))
    }

    static func roleLabel(_ role: Role) -> String {
        switch role {
        case .intake: "受理员"
        case .officer: "经办人"
        case .auditor: "审计员"
        }
    }
}

extension Layout.Navigation {
    init(_ session: WebSession) {
        let role = session.account.role
        self.init(account: session.account.name, role: Layout.roleLabel(role), mayAssess: role.mayAssess,
                  seesRuleStatus: role.seesRuleStatus, seesReferrals: role.readsReferralQueue, csrfToken: session.csrfToken,
                  seesYearReport: role.readsYearReport)
    }
}

enum HTMLResponse {
    /// `cacheControl`: `no-store` but for the pages a POST of the interview answers (`revisitable`).
    static func make(_ html: String, status: HTTPResponse.Status = .ok, cacheControl: String = "no-store",
                     extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: cacheControl]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The interview's pages answer POSTs (the answers travel in the form): kept by the browser so that
    /// Back shows them again instead of asking to send the form once more. Signing out clears them
    /// (`Clear-Site-Data`).
    static let revisitable = "private, no-cache"

    /// 303: after a POST the browser follows with a GET.
    static func redirect(_ location: String, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: .seeOther, headers: headers)
    }

    struct Problem: PageView {
        let message: String
    }

    /// A plain error page (403, 404) inside the layout.
    static func problem(_ status: HTTPResponse.Status, title: String, message: String, session: WebSession?) -> Response {
        make(Layout.page(.problem, Problem(message: message), title: title, session: session), status: status)
    }
}

/// An `application/x-www-form-urlencoded` body: its pairs in order.
package struct FormData: Sendable {
    package var pairs: [(name: String, value: String)]

    init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

    /// Reads the body strictly: a broken %-escape, or bytes that are not UTF-8 text once decoded (or a
    /// NUL), refuse the whole form with 400, as the API refuses such a body; nothing is replaced or dropped.
    package init(encoded body: ByteBuffer) throws(APIError) {
        pairs = []
        for part in Array(body.readableBytesView)[...].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((try Self.decode(pieces[0]), pieces.count > 1 ? try Self.decode(pieces[1]) : ""))
        }
    }

    private static func decode(_ encoded: ArraySlice<UInt8>) throws(APIError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var position = encoded.startIndex
        while position < encoded.endIndex {
            let byte = encoded[position]
            if byte == UInt8(ascii: "%") {
                guard position + 2 < encoded.endIndex, let high = hexValue(encoded[position + 1]),
                      let low = hexValue(encoded[position + 2]) else {
                    throw unreadable("a broken %-escape")
                }
                bytes.append(high << 4 | low)
                position += 3
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte)
                position += 1
            }
        }
        switch UTF8Text.decode(bytes, file: nil) {
        case .success(let text): return text
        case .failure(let problem): throw unreadable(problem.message.zh)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func unreadable(_ detail: String) -> APIError {
        var error = APIError(.badRequest, message: "the form cannot be read: \(detail)")
        error.pageMessage = "表单内容无法读取（含有无效的字符编码）。请返回重新填写。"
        return error
    }

    /// The first value of `name`.
    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }
}
