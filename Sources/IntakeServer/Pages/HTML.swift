import Foundation
import Hummingbird
import IntakeRegister

/// Escapes text for HTML element content and quoted attribute values. Every piece of text a page shows
/// goes through here; only the builders' own markup does not.
func esc(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(character)
        }
    }
    return out
}

/// The frame every page shares: title, navigation for the signed-in account, the sign-out form.
enum Layout {
    static func page(title: String, session: WebSession?, body: String) -> String {
        var nav = ""
        if let session {
            let role = session.account.role
            var links: [String] = []
            if role.mayAssess { links.append(#"<a href="/assess">评估表</a>"#) }
            links.append(#"<a href="/register">登记簿</a>"#)
            if role.seesRuleStatus { links.append(#"<a href="/rules/status">规则状态</a>"#) }
            nav = """
                <nav aria-label="主导航">\(links.joined(separator: " "))
                <span class="who">\(esc(session.account.name))（\(esc(roleLabel(role)))）</span>
                <form method="post" action="/logout" class="inline">\(csrfField(session))<button type="submit">退出</button></form>
                </nav>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title)) · 帮扶受理</title>
            <link rel="stylesheet" href="/style.css">
            </head>
            <body>
            <header><p class="site">帮扶资格受理</p>\(nav)</header>
            <main>
            <h1>\(esc(title))</h1>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static func csrfField(_ session: WebSession) -> String {
        #"<input type="hidden" name="_csrf" value="\#(esc(session.csrfToken))">"#
    }

    static func roleLabel(_ role: Role) -> String {
        switch role {
        case .intake: "受理员"
        case .officer: "经办人"
        case .auditor: "审计员"
        }
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

    /// A plain error page (403, 404) inside the layout.
    static func problem(_ status: HTTPResponse.Status, title: String, message: String, session: WebSession?) -> Response {
        make(Layout.page(title: title, session: session, body: "<p class=\"error\">\(esc(message))</p>"), status: status)
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
