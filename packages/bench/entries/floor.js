// The floor: the least a page can do to report a sale, one hand-written image pixel.
new Image().src = 'https://acme.ontraport.com/p?order_id=UC-1001&email=buyer%40example.com&item_id_1=SKU-1&item_price_1=19.95&item_qty_1=2';
