#version 330 core
// A full-viewport triangle generated from the vertex index: no vertex buffer needed.
out vec2 uv;
void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  // Image row 0 is the top, GL's texture row 0 is the bottom: flip v.
  uv = vec2(corner.x, 1.0 - corner.y);
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
