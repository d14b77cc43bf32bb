def test_pages_are_swedish_even_for_an_english_browser(client, db):
    response = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "sv"
    assert "Användarnamn" in response.content.decode()


def test_language_switcher_chooses_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/logga-in/"})

    response = client.get("/logga-in/")

    assert response.headers["Content-Language"] == "en"
    assert "Username" in response.content.decode()
