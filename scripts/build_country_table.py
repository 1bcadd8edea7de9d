"""Build the committed table of requesting-country indicators from ../shared/data/country_indicators.

Columns (latest year available in each source, year recorded):
- fh_status, fh_pr, fh_cl: Freedom House Freedom in the World status and ratings (1 best, 7 worst)
- vdem_freexp, vdem_rol, vdem_civsoc: V-Dem freedom of expression, rule of law, civil society (0-1)
- rsf_score: RSF World Press Freedom Index score (0-100, higher = freer)
- pts: mean Political Terror Scale level (Amnesty, State, HRW; 1 best, 5 worst), via Fariss et al.
- risk_group: high when Freedom House rates the country Not Free, low when Free, else medium

Sources and licences are in src/notice_nlp/data/COUNTRY_INDICATORS.md.
Usage: python scripts/build_country_table.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import gzip
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "notice_nlp" / "data" / "country_indicators.csv"


def latest(rows, key, year_key, value_keys):
    best = {}
    for row in rows:
        k = row[key]
        if not k or any(row.get(v) in (None, "", "NA") for v in value_keys):
            continue
        year = int(float(row[year_key]))
        if k not in best or year > best[k][0]:
            best[k] = (year, {v: row[v] for v in value_keys})
    return best


def main() -> None:
    import pycountry

    from notice_nlp.nlp.countries import normalise_country

    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    base = Path(parser.parse_args().shared) / "data" / "country_indicators"
    alpha3 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    with open(base / "freedom_house_fiw" / "country_rating_status.csv", newline="") as f:
        fh = latest(csv.DictReader(f), "iso2c", "year", ["status", "political_rights", "civil_liberties"])
    with gzip.open(base / "vdem_demspaces" / "dv_data_1968_on.csv.gz", "rt", newline="") as f:
        rows = [dict(r, iso2=alpha3.get(r["country_text_id"], "")) for r in csv.DictReader(f)]
        vdem = latest(rows, "iso2", "year", ["v2x_freexp_altinf", "v2xcl_rol", "v2xcs_ccsi"])
    with open(base / "rsf_press_freedom_index" / "rsf_wpfi_2014_2023_long.csv", newline="") as f:
        rows = [dict(r, iso2=alpha3.get(r["iso3"], "")) for r in csv.DictReader(f)]
        rsf = latest(rows, "iso2", "year", ["score"])
    with gzip.open(base / "heiss_cautioning_canary" / "HumanRightsProtectionScores_v4.01.csv.gz", "rt", newline="") as f:
        rows = []
        for r in csv.DictReader(f):
            scores = [float(r[k]) for k in ("Amnesty", "State", "HRW") if r[k] not in ("NA", "")]
            code = normalise_country(r["country_name"]) or ""
            rows.append({"iso2": code, "YEAR": r["YEAR"], "pts": f"{sum(scores) / len(scores):.2f}" if scores else ""})
        pts = latest(rows, "iso2", "YEAR", ["pts"])
    codes = sorted(set(fh) | set(vdem) | set(rsf))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["alpha2", "fh_year", "fh_status", "fh_pr", "fh_cl", "vdem_year", "vdem_freexp", "vdem_rol",
                    "vdem_civsoc", "rsf_year", "rsf_score", "pts_year", "pts", "risk_group"])
        for code in codes:
            fy, f_ = fh.get(code, (None, {}))
            vy, v = vdem.get(code, (None, {}))
            ry, r = rsf.get(code, (None, {}))
            py, p = pts.get(code, (None, {}))
            status = {"Not Free": "NF", "Partially Free": "PF", "Free": "F"}.get(f_.get("status", ""), "")
            risk = {"NF": "high", "F": "low", "PF": "medium"}.get(status, "unknown")
            w.writerow([code, fy or "", status, f_.get("political_rights", ""), f_.get("civil_liberties", ""),
                        vy or "", v.get("v2x_freexp_altinf", ""), v.get("v2xcl_rol", ""), v.get("v2xcs_ccsi", ""),
                        ry or "", r.get("score", ""), py or "", p.get("pts", ""), risk])
    print(f"wrote {len(codes)} countries to {OUT}")


if __name__ == "__main__":
    main()
