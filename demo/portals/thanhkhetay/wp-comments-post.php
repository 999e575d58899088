<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8"><title>Bình luận</title></head><body><p>Chức năng bình luận tạm thời không khả dụng.</p></body></html>
