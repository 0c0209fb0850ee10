/// The sign-in page: account name and password. Its form carries a token that must match the
/// `bangfu_login` cookie (no session exists yet to hold one).
enum LoginPage {
    struct View: PageView {
        let csrfToken: String
        let next: String
        let name: String
        let error: String?
    }

    static func render(loginToken: String, name: String = "", error: String? = nil, next: String = "/assess") -> String {
        Layout.page(.login, View(csrfToken: loginToken, next: next, name: name, error: error), title: "登录", session: nil)
    }
}
