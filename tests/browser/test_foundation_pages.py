"""The example site's home page and the admin login page meet WCAG 2.1 AA (axe-core)."""


def test_home_page_has_no_axe_violations(page, live_server, home_page, axe):
    response = page.goto(f"{live_server.url}/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == home_page.title
    axe(page)


def test_admin_login_page_has_no_axe_violations(page, live_server, axe):
    response = page.goto(f"{live_server.url}/admin/login/")
    assert response.status == 200
    assert page.locator("#id_username").is_visible()
    axe(page)


def test_skip_link_is_first_in_keyboard_order(page, live_server, home_page):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#main"
