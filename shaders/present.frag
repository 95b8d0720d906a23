#version 330 core
// Shows the rendered image as it is: the renderer already produced display-ready sRGB values.
in vec2 uv;
out vec4 color;
uniform sampler2D image;
void main() {
  color = vec4(texture(image, uv).rgb, 1.0);
}
