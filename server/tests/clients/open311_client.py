"""Linli's Open311 GeoReport v2 endpoint through an outside client.

Reads go through PyPI's `georeport` (JSON and XML); posting, which that
client lacks, through `requests` as the standard describes it (a form with
`api_key`). Run by server/tests/api/open311.rs:

    python open311_client.py file ROOT JURISDICTION KEY OTHER_JURISDICTION PHONE
        files one request per format, checks services, reads and errors;
        prints {"json": id, "xml": id, "tokens": {...}}
    python open311_client.py closed ROOT JURISDICTION ID
        checks that request ID reads `closed` in both formats
"""

import json
import sys

import requests
import xmltodict
from georeport import GeoReport


def check(cond, what):
    if not cond:
        raise SystemExit(f"FAILED: {what}")


def parse(resp, fmt):
    if fmt == "json":
        return resp.json()
    return xmltodict.parse(resp.content)


def error_of(resp, fmt):
    """The standard's error: [{"code", "description"}] or <errors><error>."""
    body = parse(resp, fmt)
    err = body[0] if fmt == "json" else body["errors"]["error"]
    check(int(err["code"]) == resp.status_code, f"error code matches HTTP status: {body}")
    check(err["description"], f"an error says what: {body}")
    return err


def post(root, fmt, form):
    return requests.post(f"{root}/requests.{fmt}", data=form, timeout=10)


def file(root, jurisdiction, key, other, phone):
    out = {"tokens": {}}
    for fmt in ("json", "xml"):
        client = GeoReport(root, jurisdiction=jurisdiction, output_format=fmt)
        services = client.get_service_list()
        if isinstance(services, dict):  # xmltodict: one service is not a list
            services = [services]
        codes = {s["service_code"] for s in services}
        check("environment" in codes and "appliance_repair" in codes, f"{fmt} services: {codes}")
        check(not any(c.startswith("wish") for c in codes), f"no micro-wishes among services: {codes}")
        check(all(s["metadata"] in (False, "false") for s in services), "no attributes to ask")
        definition = client.get_service_definition("environment")
        check(definition["service_code"] == "environment", f"{fmt} definition: {definition}")

        base = {
            "api_key": key,
            "jurisdiction_id": jurisdiction,
            "service_code": "environment",
            "description": f"东门垃圾桶满溢（{fmt}）",
            "phone": phone,
            "first_name": "先生",
            "last_name": "钱",
        }
        # Errors the standard's way.
        resp = post(root, fmt, {**base, "api_key": "lk_wrong"})
        check(resp.status_code == 403, f"{fmt} bad key: {resp.status_code} {resp.text}")
        error_of(resp, fmt)
        resp = post(root, fmt, {**base, "service_code": "nope", "lat": "39.9", "long": "116.4"})
        check(resp.status_code == 400, f"{fmt} unknown service: {resp.status_code}")
        error_of(resp, fmt)
        resp = post(root, fmt, base)
        check(resp.status_code == 400, f"{fmt} no place: {resp.status_code}")
        check("address_string" in error_of(resp, fmt)["description"], "says what is missing")
        resp = post(root, fmt, {**base, "jurisdiction_id": other, "lat": "39.9", "long": "116.4"})
        check(resp.status_code == 403, f"{fmt} a jurisdiction the key does not serve: {resp.status_code}")
        resp = requests.get(f"{root}/services/nope.{fmt}", params={"jurisdiction_id": jurisdiction}, timeout=10)
        check(resp.status_code == 404, f"{fmt} unknown service definition: {resp.status_code}")
        error_of(resp, fmt)
        resp = requests.get(f"{root}/services.{fmt}", params={"jurisdiction_id": "999999"}, timeout=10)
        check(resp.status_code == 404, f"{fmt} unknown jurisdiction: {resp.status_code}")
        error_of(resp, fmt)

        # Filed: the answer names the request and its token.
        resp = post(root, fmt, {**base, "lat": "39.915", "long": "116.404", "address_string": "东门"})
        check(resp.status_code in (200, 201), f"{fmt} filed: {resp.status_code} {resp.text}")
        body = parse(resp, fmt)
        made = body[0] if fmt == "json" else body["service_requests"]["request"]
        rid, token = made["service_request_id"], made["token"]
        out[fmt] = int(rid)
        out["tokens"][fmt] = token

        # Read back through the client: open, where it was, nobody named.
        one = client.get_service_request(rid)
        check(one["status"] == "open", f"{fmt} open: {one}")
        check(one["service_code"] == "environment" and one["address"] == "东门", f"{fmt}: {one}")
        check(abs(float(one["lat"]) - 39.915) < 1e-9 and abs(float(one["long"]) - 116.404) < 1e-9, f"{fmt}: {one}")
        text = json.dumps(one, ensure_ascii=False)
        check(phone not in text and "钱" not in text, f"{fmt}: no name or phone: {text}")
        listed = client.get_service_requests(status="open", service_code="environment")
        if isinstance(listed, dict):
            listed = [listed]
        check(rid in {r["service_request_id"] for r in listed}, f"{fmt} listed open: {listed}")
        closed = requests.get(f"{root}/requests.{fmt}", params={"jurisdiction_id": jurisdiction, "status": "closed"}, timeout=10)
        check(closed.status_code == 200 and rid not in closed.text, f"{fmt} not among the closed")
        resp = requests.get(f"{root}/tokens/{token}.{fmt}", params={"jurisdiction_id": jurisdiction}, timeout=10)
        check(resp.status_code == 200, f"{fmt} token: {resp.status_code}")
        body = parse(resp, fmt)
        found = body[0] if fmt == "json" else body["service_requests"]["request"]
        check(found["service_request_id"] == rid, f"{fmt} token names the request: {found}")
    print(json.dumps(out))


def closed(root, jurisdiction, rid):
    for fmt in ("json", "xml"):
        one = GeoReport(root, jurisdiction=jurisdiction, output_format=fmt).get_service_request(rid)
        check(one["status"] == "closed", f"{fmt} closed: {one}")
        check(one["status_notes"], f"{fmt} with notes: {one}")
    print(json.dumps({"closed": int(rid)}))


if __name__ == "__main__":
    if sys.argv[1] == "file":
        file(*sys.argv[2:7])
    elif sys.argv[1] == "closed":
        closed(*sys.argv[2:5])
    else:
        raise SystemExit(f"unknown step {sys.argv[1]}")
