/// The sign-in page: account name and password. Its form carries a token that must match the
/// `bangfu_login` cookie (no session exists yet to hold one).
enum LoginPage {
    static func render(loginToken: String, name: String = "", error: String? = nil, next: String = "/assess") -> String {
        var body = ""
        if let error { body += "<p class=\"error\" role=\"alert\" id=\"login-error\">\(esc(error))</p>\n" }
        body += """
            <form method="post" action="/login">
            <input type="hidden" name="_csrf" value="\(esc(loginToken))">
            <input type="hidden" name="next" value="\(esc(next))">
            <div class="field"><label for="name">账号</label>
            <input id="name" name="name" type="text" autocomplete="username" required value="\(esc(name))"></div>
            <div class="field"><label for="password">密码</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required></div>
            <button type="submit" id="sign-in">登录</button>
            </form>
            """
        return Layout.page(title: "登录", session: nil, body: body)
    }
}
