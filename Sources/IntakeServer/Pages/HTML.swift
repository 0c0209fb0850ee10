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
        let csrfToken: String
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
                  seesRuleStatus: role.seesRuleStatus, csrfToken: session.csrfToken)
    }
}

enum HTMLResponse {
    static func make(_ html: String, status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

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

/// An `application/x-www-form-urlencoded` body or query: its pairs in order.
struct FormData: Sendable {
    var pairs: [(name: String, value: String)]

    init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

    init(encoded text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    /// The first value of `name`.
    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }
}
