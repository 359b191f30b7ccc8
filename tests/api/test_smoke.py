from tests import factories


def test_created_product_is_listed_for_its_creator(container):
    client = factories.api(container)

    created = client.post("/api/v1/products", json={"name": "Acme"})
    listed = client.get("/api/v1/products")

    assert created.status_code == 201
    assert [p["name"] for p in listed.json()["items"]] == ["Acme"]
