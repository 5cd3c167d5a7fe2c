table.filter((r) => r.score > 500 && r.tags.includes("t3")).length + byName.get("item1234").score + byTag["u5"].length
